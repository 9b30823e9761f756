package com.xakia.scim.admin.messages;

import java.util.List;

/** GET /admin/api/organizations. */
public record OrganizationList(List<OrganizationView> organizations) {}

package com.xakia.scim.admin.messages;

/** POST /admin/api/organizations: its name. */
public record CreateOrganization(String name) {}

package com.xakia.scim.admin.messages;

import java.util.List;

/** GET /admin/api/locations. */
public record LocationList(List<LocationView> locations) {}

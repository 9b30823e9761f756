package com.xakia.scim.admin.messages;

/** PATCH /admin/api/locations/{id}: the organization the location joins. */
public record UpdateLocation(String organizationId) {}

package com.xakia.scim.admin.messages;

/** POST …/users: a native Xakia user. */
public record CreateUser(String email, String givenName, String familyName) {}

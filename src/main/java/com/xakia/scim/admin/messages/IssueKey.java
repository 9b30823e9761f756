package com.xakia.scim.admin.messages;

/** POST …/scim-keys: the identity provider the key is for ("okta" or "entra"; okta when absent). */
public record IssueKey(String identityProvider) {}

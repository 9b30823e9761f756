package com.xakia.scim.admin.messages;

/** Every admin API error: the HTTP status again, and a sentence saying what to fix. */
public record ErrorBody(int status, String error) {}

package com.xakia.scim.admin;

/** What an admin API operation answers: a status and a body record (admin.messages) for the REST binding to write. */
public record AdminReply(int status, Object body) {}

package com.xakia.scim.admin;

import com.fasterxml.jackson.databind.JsonNode;

/** What an admin API operation answers: a status and a JSON body. */
public record AdminReply(int status, JsonNode body) {}

package com.xakia.scim.user;

import java.util.List;

/** One page of a list query and the total that matched. */
public record UserPage(int totalResults, int startIndex, List<UserRecord> users) {}

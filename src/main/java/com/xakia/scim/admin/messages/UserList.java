package com.xakia.scim.admin.messages;

import java.util.List;

/** GET …/users. */
public record UserList(List<UserView> users) {}

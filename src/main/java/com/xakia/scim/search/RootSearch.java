package com.xakia.scim.search;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xakia.scim.group.GroupAttributes;
import com.xakia.scim.group.GroupService;
import com.xakia.scim.location.Caller;
import com.xakia.scim.scim.FilterAttributes;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.Page;
import com.xakia.scim.scim.QueryLimits;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimJson;
import com.xakia.scim.scim.ScimResource;
import com.xakia.scim.user.UserAttributes;
import com.xakia.scim.user.UserService;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * POST /.search at the SCIM root (RFC 7644 3.4.3): Users, then Groups, as one result list. A filter
 * naming an attribute only one resource type has searches that type alone; sortBy applies within each.
 */
public final class RootSearch {

    private final UserService users;
    private final GroupService groups;
    private final QueryLimits limits;

    public RootSearch(UserService users, GroupService groups, QueryLimits limits) {
        this.users = users;
        this.groups = groups;
        this.limits = limits;
    }

    public Page search(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Body String body) throws SQLException {
        ObjectNode request = ScimJson.parseObject(body);
        if (request.hasNonNull("cursor")) {
            throw ScimError.invalidValue("Cursor paging is offered on /Users/.search and /Groups/.search, not at the root.");
        }
        ListRequest userQuery = parse(request, UserAttributes.INSTANCE);
        ListRequest groupQuery = parse(request, GroupAttributes.INSTANCE);
        if (userQuery == null && groupQuery == null) {
            ListRequest.ofSearch(request, UserAttributes.INSTANCE, limits); // throws the users' error
        }
        ListRequest any = userQuery != null ? userQuery : groupQuery;
        int userTotal = userQuery == null ? 0 : users.list(caller, counting(userQuery)).totalResults();
        int groupTotal = groupQuery == null ? 0 : groups.list(caller, counting(groupQuery)).totalResults();
        if (any.count() == 0) {
            return new Page(userTotal + groupTotal, any.startIndex(), null, false, null, any.projection());
        }
        List<ScimResource> page = new ArrayList<>();
        int start = any.startIndex();
        int wanted = any.count();
        if (userQuery != null && start <= userTotal) {
            Page fromUsers = users.list(caller, slice(userQuery, start, Math.min(wanted, userTotal - start + 1)));
            page.addAll(fromUsers.resources());
        }
        int remaining = wanted - page.size();
        if (groupQuery != null && remaining > 0) {
            int groupStart = Math.max(1, start - userTotal);
            if (groupStart <= groupTotal) {
                page.addAll(groups.list(caller, slice(groupQuery, groupStart, remaining)).resources());
            }
        }
        return new Page(userTotal + groupTotal, start, page, false, null, any.projection());
    }

    private ListRequest parse(ObjectNode request, FilterAttributes attributes) {
        try {
            return ListRequest.ofSearch(request, attributes, limits);
        } catch (ScimError e) {
            if (e.namesUnknownAttribute()) {
                return null; // names an attribute this resource type does not have
            }
            throw e;
        }
    }

    private static ListRequest counting(ListRequest q) {
        return slice(q, 1, 0);
    }

    private static ListRequest slice(ListRequest q, int startIndex, int count) {
        return new ListRequest(q.where(), startIndex, count, q.sort(), null, q.projection(), q.lookup());
    }
}

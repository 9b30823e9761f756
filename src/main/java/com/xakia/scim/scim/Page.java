package com.xakia.scim.scim;

import java.util.List;

/**
 * One page of a list query. {@code resources} is null when the client asked for count=0: then no row is
 * read, only the total is counted (RFC 7644 3.4.2.4), and the answer's Resources is empty. {@code nextCursor}
 * is set under cursor paging (RFC 9865) when more results follow; {@code startIndex} is meaningful under
 * index paging.
 */
public record Page(int totalResults, int startIndex, List<? extends ScimResource> resources, boolean cursorPaging,
                   String nextCursor, Projection projection) {

    public Page withResources(List<? extends ScimResource> replaced) {
        return new Page(totalResults, startIndex, replaced, cursorPaging, nextCursor, projection);
    }
}

package com.xakia.scim.admin.messages;

/**
 * POST /admin/api/locations: a name, optionally a PostgreSQL server of the location's own, and optionally the
 * organization it belongs to.
 */
public record CreateLocation(String name, Database database, String organizationId) {

    /** The server a location's namespace lives on, instead of the shared one. */
    public record Database(String url, String user, String password) {
        @Override
        public String toString() { // never print the password
            return "Database[url=" + url + ", user=" + user + "]";
        }
    }
}

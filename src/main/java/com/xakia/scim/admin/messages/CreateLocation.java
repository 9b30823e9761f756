package com.xakia.scim.admin.messages;

/** POST /admin/api/locations: a name, and optionally a PostgreSQL server of the location's own. */
public record CreateLocation(String name, Database database) {

    /** The server a location's namespace lives on, instead of the shared one. */
    public record Database(String url, String user, String password) {
        @Override
        public String toString() { // never print the password
            return "Database[url=" + url + ", user=" + user + "]";
        }
    }
}

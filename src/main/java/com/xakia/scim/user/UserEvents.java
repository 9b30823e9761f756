package com.xakia.scim.user;

/** What the user store tells the rest of the service after a SCIM write commits (ops counts them). */
public interface UserEvents {

    void created(String locationId);

    /** Any committed PUT or PATCH. */
    void updated(String locationId);

    /** active went from true to false (PUT, PATCH or DELETE). */
    void deactivated(String locationId);

    /** active went from false to true. */
    void reactivated(String locationId);

    UserEvents NONE = new UserEvents() {
        @Override public void created(String locationId) {}
        @Override public void updated(String locationId) {}
        @Override public void deactivated(String locationId) {}
        @Override public void reactivated(String locationId) {}
    };
}

package com.xakia.scim.location;

/** Told, after the commit, of every change this process makes to a SCIM key or to its owner. */
@FunctionalInterface
public interface KeyChanges {

    KeyChanges NONE = ownerId -> { };

    /** The key of this location or organization, or the owner itself, changed. */
    void changed(String ownerId);
}

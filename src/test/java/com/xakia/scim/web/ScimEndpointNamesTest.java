package com.xakia.scim.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which parts of a path are put in their declared case, and which are left exactly as sent. */
class ScimEndpointNamesTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "/scim/v2/loc1/users,                      /scim/v2/loc1/Users",
        "/scim/v2/loc1/USERS/aB3dE,                /scim/v2/loc1/Users/aB3dE",
        "/scim/v2/loc1/groups/.SEARCH,             /scim/v2/loc1/Groups/.search",
        "/scim/v2/loc1/users/.Search,              /scim/v2/loc1/Users/.search",
        "/scim/v2/loc1/.SEARCH,                    /scim/v2/loc1/.search",
        "/scim/v2/loc1/serviceproviderconfig,      /scim/v2/loc1/ServiceProviderConfig",
        "/scim/v2/loc1/resourcetypes/User,         /scim/v2/loc1/ResourceTypes/User",
        "/scim/v2/loc1/schemas,                    /scim/v2/loc1/Schemas",
        "/scim/v2/loc1/bulk,                       /scim/v2/loc1/Bulk",
        "/scim/v2/organizations/org1/users,        /scim/v2/organizations/org1/Users",
        "/scim/v2/organizations/org1/USERS/aB3dE,  /scim/v2/organizations/org1/Users/aB3dE",
        "/scim/v2/organizations/org1/schemas,      /scim/v2/organizations/org1/Schemas",
        // left as sent: the location, ids, unknown endpoints, anything outside SCIM
        "/scim/v2/LocAbc/Users,                    /scim/v2/LocAbc/Users",
        "/scim/v2/loc1/Schemas/urn:x:users,        /scim/v2/loc1/Schemas/urn:x:users",
        "/scim/v2/loc1/Users/id1/.SEARCH,          /scim/v2/loc1/Users/id1/.SEARCH",
        "/scim/v2/loc1/Bulk/.SEARCH,               /scim/v2/loc1/Bulk/.SEARCH",
        "/scim/v2/loc1/serviceConfiguration,       /scim/v2/loc1/serviceConfiguration",
        "/scim/v2/loc1/users/,                     /scim/v2/loc1/Users/",
        "/scim/v2/loc1,                            /scim/v2/loc1",
        "/scim/v2/organizations/users,             /scim/v2/organizations/users",
        "/admin/api/locations/users,               /admin/api/locations/users",
        "/SCIM/v2/loc1/users,                      /SCIM/v2/loc1/users",
    })
    void endpoint_names_take_their_declared_case_and_nothing_else_changes(String sent, String routed) {
        assertThat(ScimEndpointNames.canonical(sent)).isEqualTo(routed);
    }
}

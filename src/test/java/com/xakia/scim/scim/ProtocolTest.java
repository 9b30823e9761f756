package com.xakia.scim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Admin.TestLocation;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.Test;

/** The shape of SCIM answers that clients and conformance suites trip on: ListResponses of every size. */
class ProtocolTest {

    static final RunningApp APP = RunningApp.shared();
    static final Http HTTP = APP.http;

    @Test
    void an_empty_list_is_a_whole_list_response() {
        TestLocation empty = new Admin(APP).location("Empty");
        for (String query : new String[] {"", "?count=0", "?startIndex=5&count=10"}) {
            Response list = HTTP.get(empty.users() + query, empty.key());
            assertThat(list.status()).as(query).isEqualTo(200);
            JsonNode body = list.json();
            assertThat(body.get("totalResults").asInt()).as(query).isZero();
            assertThat(body.get("itemsPerPage").asInt()).as(query).isZero();
            assertThat(body.get("startIndex").asInt()).as(query).isEqualTo(query.contains("startIndex=5") ? 5 : 1);
            assertThat(body.get("Resources")).as(query).isEmpty();
        }
        JsonNode groups = HTTP.get(empty.scimBase() + "/Groups?count=0", empty.key()).json();
        assertThat(groups.get("itemsPerPage").asInt()).isZero();
        assertThat(groups.get("startIndex").asInt()).isEqualTo(1);
    }
}

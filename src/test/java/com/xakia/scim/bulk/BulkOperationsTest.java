package com.xakia.scim.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.xakia.scim.scim.ScimError;
import com.xakia.scim.scim.ScimJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pure half of a bulk request: each operation read once with the bulkIds it refers to (in order), and
 * {@code bulkId:} references replaced by the ids their POSTs created. The order operations run in (an operation
 * parked until what it refers to has run, 409 for a failed, circular or unknown reference) lives in Bulk.Run,
 * which runs each operation through the user and group services: it is covered end to end by BulkAndDiscoveryTest.
 */
@Tag("unit")
class BulkOperationsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"method": "POST", "bulkId": "u1", "path": "/Users", "data": {"userName": "a"}}`                                   | POST   | u1 | /Users           | ``
            `{"method": "post", "bulkId": "u1", "path": "/Users", "data": {}}`                                                  | POST   | u1 | /Users           | ``
            `{"method": "PATCH", "path": "/Groups/bulkId:g1", "data": {"Operations": [{"op": "add", "path": "members", "value": [{"value": "bulkId:u1"}, {"value": "bulkId:u2"}]}]}}` | PATCH | | /Groups/bulkId:g1 | g1 u1 u2
            `{"method": "POST", "bulkId": "g1", "path": "/Groups", "data": {"displayName": "G", "members": [{"value": "bulkId:u-1.x_y~z"}]}}` | POST | g1 | /Groups | u-1.x_y~z
            `{"method": "PUT", "path": "/Users/bulkId:u1", "version": "W/\\"1\\"", "data": {"userName": "bulkId:u1"}}`         | PUT    |    | /Users/bulkId:u1 | u1 u1
            `{"method": "Delete", "path": "/Users/abc"}`                                                                        | DELETE |    | /Users/abc       | ``
            """)
    void an_operation_is_read_once_with_the_bulk_ids_it_refers_to(String json, String method, String bulkId, String path,
                                                                 String references) {
        Bulk.Operation op = Bulk.operation(4, ScimJson.parseObject(json));
        assertThat(op.index()).isEqualTo(4);
        assertThat(op.method()).isEqualTo(method);
        assertThat(op.bulkId()).isEqualTo(bulkId);
        assertThat(op.path()).isEqualTo(path);
        assertThat(op.references()).isEqualTo(references.isEmpty() ? List.of() : Arrays.asList(references.split(" ")));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"bulkId": "u1", "path": "/Users"}`                          | Bulk operation 3: method must be POST, PUT, PATCH or DELETE.
            `{"method": "GET", "path": "/Users/abc"}`                     | Bulk operation 3: method must be POST, PUT, PATCH or DELETE.
            `{"method": "POST", "path": "/Users", "data": {}}`            | Bulk operation 3: a POST needs a bulkId.
            `{"method": "POST", "bulkId": "u1", "path": "/Schemas"}`      | Bulk operation 3: path must be /Users, /Groups, /Users/{id} or /Groups/{id}.
            `{"method": "DELETE", "path": "/Users/a/b"}`                  | Bulk operation 3: path must be
            `{"method": "DELETE", "path": "Users/a"}`                     | Bulk operation 3: path must be
            `{"method": "DELETE"}`                                        | Bulk operation 3: path must be
            `[]`                                                          | Each bulk operation must be a JSON object.
            """)
    void an_operation_that_cannot_run_fails_the_whole_request_with_400(String json, String message) throws Exception {
        assertThatThrownBy(() -> Bulk.operation(2, ScimJson.MAPPER.readTree(json)))
                .isInstanceOfSatisfying(ScimError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidSyntax");
                })
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            /Users/bulkId:u1                                   | u1=8f0c                  | /Users/8f0c
            `{"members": [{"value": "bulkId:u1"}, {"value": "bulkId:u2"}]}` | u1=A u2=B | `{"members": [{"value": "A"}, {"value": "B"}]}`
            `{"value": "bulkId:u1", "other": "bulkId:u1"}`     | u1=A                     | `{"value": "A", "other": "A"}`
            `{"value": "bulkId:unknown"}`                      | u1=A                     | `{"value": "bulkId:unknown"}`
            `bulkId:u1.x bulkId:u1`                            | u1=A u1.x=B              | `B A`
            `bulkId:u1`                                        | u1=$1\\x                 | `$1\\x`
            /Users/abc                                         | u1=A                     | /Users/abc
            """)
    void references_are_replaced_by_the_ids_created_and_the_rest_left_as_it_is(String text, String created, String expected) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String pair : created.split(" ")) {
            String[] kv = pair.split("=", 2);
            ids.put(kv[0], kv[1]);
        }
        assertThat(Bulk.resolve(text, ids)).isEqualTo(expected);
    }
}

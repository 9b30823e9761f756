package com.xakia.scim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xakia.scim.group.GroupAttributes;
import com.xakia.scim.user.UserAttributes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A list query's paging and sorting from its parameters (RFC 7644 3.4.2.3, 3.4.2.4), one row a request. */
@Tag("unit")
class ListRequestTest {

    static final QueryLimits LIMITS = QueryLimitsTest.DEFAULTS; // maxResults 1000

    static ListRequest paged(String startIndex, String count) {
        return ListRequest.of(null, startIndex, count, null, null, null, null, null, UserAttributes.INSTANCE, LIMITS);
    }

    static ListRequest sorted(String sortBy, String sortOrder) {
        return ListRequest.of(null, null, null, sortBy, sortOrder, null, null, null, UserAttributes.INSTANCE, LIMITS);
    }

    @ParameterizedTest(name = "startIndex={0} count={1} → {2}, {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
                               |                      | 1          | 100
            ``                 | ``                   | 1          | 100
            1                  | 10                   | 1          | 10
            51                 | 50                   | 51         | 50
            ` 7 `              | ` 20 `               | 7          | 20
            +3                 | +4                   | 3          | 4
            0                  | 0                    | 1          | 0
            -5                 | -5                   | 1          | 0
            1                  | 1000                 | 1          | 1000
            1                  | 1001                 | 1          | 1000
            99999999999        | 99999999999          | 2147483647 | 1000
            -99999999999       | -99999999999         | 1          | 0
            """)
    void start_index_is_at_least_1_and_count_between_0_and_max_results(String startIndex, String count, int start, int size) {
        ListRequest request = paged(startIndex, count);
        assertThat(request.startIndex()).isEqualTo(start);
        assertThat(request.count()).isEqualTo(size);
    }

    @ParameterizedTest(name = "startIndex={0} count={1}")
    @CsvSource(delimiter = '|', textBlock = """
            x      |      | startIndex must be an integer.
            1.5    |      | startIndex must be an integer.
                   | ten  | count must be an integer.
                   | 1e3  | count must be an integer.
            """)
    void paging_values_that_are_not_integers_are_400_invalid_value(String startIndex, String count, String message) {
        assertThatThrownBy(() -> paged(startIndex, count))
                .isInstanceOfSatisfying(ScimError.class, e -> assertThat(e.scimType()).isEqualTo("invalidValue"))
                .hasMessage(message);
    }

    @ParameterizedTest(name = "sortBy={0} sortOrder={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            userName          |            | lower(user_name)                      | false
            USERNAME          | descending | lower(user_name)                      | true
            userName          | Descending | lower(user_name)                      | true
            userName          | ascending  | lower(user_name)                      | false
            externalId        |            | external_id                           | false
            id                |            | id::text                              | false
            active            |            | active                                | false
            meta.lastModified | descending | last_modified                         | true
            name.familyName   |            | `lower(resource->'name'->>'familyName')` | false
            emails            |            | lower(email)                          | false
            emails.value      |            | lower(email)                          | false
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department | | `lower(resource->'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'->>'department')` | false
            """)
    void sort_by_names_an_allow_listed_expression_case_insensitive_strings_lowered(String sortBy, String sortOrder,
                                                                                   String sql, boolean descending) {
        ListRequest.Sort sort = sorted(sortBy, sortOrder).sort();
        assertThat(sort.sql()).isEqualTo(sql);
        assertThat(sort.descending()).isEqualTo(descending);
    }

    @Test
    void without_sort_by_the_default_order_is_kept_and_may_be_reversed() {
        assertThat(sorted(null, null).sort()).isNull();
        assertThat(sorted(" ", "ascending").sort()).isNull();
        assertThat(sorted(null, "descending").sort()).isEqualTo(new ListRequest.Sort(null, true, FilterAttributes.Type.DATETIME));
    }

    @ParameterizedTest(name = "sortBy={0} sortOrder={1}")
    @CsvSource(delimiter = '|', textBlock = """
            nickName2   |       | Cannot sort by nickName2: not a sortable attribute.
            groups      |       | Cannot sort by groups: not a sortable attribute.
            emails.type |       | Cannot sort by emails.type: not a sortable attribute.
            userName[   |       | Cannot sort by userName[: not a sortable attribute.
            userName    | up    | sortOrder must be "ascending" or "descending".
            """)
    void what_cannot_be_sorted_by_is_400_invalid_value(String sortBy, String sortOrder, String message) {
        assertThatThrownBy(() -> sorted(sortBy, sortOrder))
                .isInstanceOfSatisfying(ScimError.class, e -> assertThat(e.scimType()).isEqualTo("invalidValue"))
                .hasMessage(message);
    }

    @Test
    void group_lists_sort_by_group_attributes() {
        ListRequest request = ListRequest.of(null, null, null, "displayName", null, null, null, null, GroupAttributes.INSTANCE, LIMITS);
        assertThat(request.sort()).isEqualTo(new ListRequest.Sort("lower(display_name)", false, FilterAttributes.Type.STRING));
        assertThatThrownBy(() -> ListRequest.of(null, null, null, "userName", null, null, null, null, GroupAttributes.INSTANCE, LIMITS))
                .isInstanceOf(ScimError.class);
    }

    @Test
    void a_search_body_reads_as_the_same_query_parameters() {
        ListRequest searched = ListRequest.ofSearch(ScimJson.parseObject("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": "userName eq \\"a\\"",
                 "startIndex": 21, "count": "10", "sortBy": "userName", "sortOrder": "descending", "cursor": "",
                 "attributes": ["userName", "emails"]}"""), UserAttributes.INSTANCE, LIMITS);
        ListRequest queried = ListRequest.of("userName eq \"a\"", "21", "10", "userName", "descending", "", "userName,emails",
                null, UserAttributes.INSTANCE, LIMITS);
        assertThat(searched.where()).isEqualTo(queried.where()).isEqualTo(new ScimFilter.Sql("lower(user_name) = lower(?)", java.util.List.of("a")));
        assertThat(searched.startIndex()).isEqualTo(queried.startIndex()).isEqualTo(21);
        assertThat(searched.count()).isEqualTo(queried.count()).isEqualTo(10);
        assertThat(searched.sort()).isEqualTo(queried.sort());
        assertThat(searched.cursor()).isEqualTo(queried.cursor()).isEmpty();
        assertThat(searched.projection().returns("emails")).isTrue();
        assertThat(searched.projection().returns("name")).isFalse();
        assertThat(paged(null, null).cursor()).as("index paging").isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"count": {"n": 1}}`         | count must be a string or a number.
            `{"startIndex": [1]}`         | startIndex must be a string or a number.
            `{"attributes": 5}`           | attributes must be an array of attribute names.
            `{"excludedAttributes": {}}`  | excludedAttributes must be an array of attribute names.
            """)
    void a_search_body_of_the_wrong_shape_is_400_invalid_value(String body, String message) {
        assertThatThrownBy(() -> ListRequest.ofSearch(ScimJson.parseObject(body), UserAttributes.INSTANCE, LIMITS))
                .isInstanceOfSatisfying(ScimError.class, e -> assertThat(e.scimType()).isEqualTo("invalidValue"))
                .hasMessage(message);
    }
}

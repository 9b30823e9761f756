package com.xakia.scim.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

import com.xakia.scim.db.PagedQuery.Position;
import com.xakia.scim.scim.ScimError;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cursors (RFC 9865) as PagedQuery issues and reads them: a keyset position (created_at, id) in the default
 * order, an offset under a sortBy. A cursor is opaque to clients; these rows pin that what is issued reads
 * back as the same position and that anything else is 400 invalidCursor.
 */
@Tag("unit")
class PositionTest {

    static final UUID ID = UUID.fromString("0b7e2f4e-3c1a-4d8e-9f00-1a2b3c4d5e6f");

    static String encoded(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2024-05-01T10:15:30.123456Z", "2024-05-01T10:15:00Z", "2024-05-01T10:15:30.5+10:00",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999-08:00"})
    void a_keyset_cursor_reads_back_as_the_same_row_position(String created) {
        OffsetDateTime time = OffsetDateTime.parse(created);
        String cursor = Position.keyset(time, ID);
        assertThat(cursor).matches("[A-Za-z0-9_-]+"); // URL-safe, no padding: it goes into a query string as it is
        assertThat(Position.decode(cursor, true)).isEqualTo(new Position(0, time, ID));
    }

    @ParameterizedTest(name = "offset {0}")
    @ValueSource(longs = {0, 1, 100, 2_147_483_647L, Long.MAX_VALUE})
    void an_offset_cursor_reads_back_as_the_same_offset_in_either_order(long offset) {
        String cursor = Position.offset(offset);
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(Position.decode(cursor, false)).isEqualTo(new Position(offset, null, null));
        assertThat(Position.decode(cursor, true)).isEqualTo(new Position(offset, null, null));
    }

    @Test
    void the_empty_cursor_is_the_first_page() {
        assertThat(Position.decode("", true)).isEqualTo(new Position(0, null, null));
        assertThat(Position.decode("", false)).isEqualTo(new Position(0, null, null));
    }

    @Test
    void a_keyset_cursor_is_refused_under_a_sort_by_where_keyset_order_does_not_hold() {
        String cursor = Position.keyset(OffsetDateTime.parse("2024-05-01T10:15:30Z"), ID);
        assertThatThrownBy(() -> Position.decode(cursor, false))
                .isInstanceOfSatisfying(ScimError.class, e -> assertThat(e.scimType()).isEqualTo("invalidCursor"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not base64 ***                 | as written
            `a3wyMDI0fHg!`                 | as written
            o|-1                           | encoded
            o|x                            | encoded
            o| 5                           | encoded
            o|99999999999999999999         | encoded
            o|1|2                          | encoded
            x|1                            | encoded
            k|2024-05-01T10:15:30Z         | encoded
            k|2024-05-01T10:15:30Z|not-a-uuid | encoded
            k|2024-05-01T10:15:30|0b7e2f4e-3c1a-4d8e-9f00-1a2b3c4d5e6f | encoded
            k|+10000-05-01T10:15:30Z|0b7e2f4e-3c1a-4d8e-9f00-1a2b3c4d5e6f | encoded
            """)
    void anything_else_is_400_invalid_cursor(String cursor, String form) {
        String sent = form.equals("encoded") ? encoded(cursor) : cursor;
        for (boolean defaultOrder : new boolean[] {true, false}) {
            assertThatThrownBy(() -> Position.decode(sent, defaultOrder))
                    .isInstanceOfSatisfying(ScimError.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.scimType()).isEqualTo("invalidCursor");
                    })
                    .hasMessage("The cursor is not one this server issued for this query.");
        }
    }
}

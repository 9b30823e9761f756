package com.xakia.scim.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.xakia.scim.scim.FilterAttributes.Type;
import com.xakia.scim.scim.ListRequest;
import com.xakia.scim.scim.ScimError;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The order Java merges in must be the one PostgreSQL sorted in: the "C" collation, unsigned uuids, nulls last. */
@Tag("unit")
class MergeOrderTest {

    static final UUID LOW = UUID.fromString("00000000-0000-4000-8000-000000000001");
    static final UUID HIGH = UUID.fromString("f0000000-0000-4000-8000-000000000000"); // negative as a signed long

    final MergeOrder byTitle = MergeOrder.of(new ListRequest.Sort("lower(title)", false, Type.STRING), "id");

    @Test
    void strings_compare_by_code_point_as_the_c_collation_does() {
        assertThat(MergeOrder.codePoints("B", "a")).isNegative();       // byte order, not a locale's
        assertThat(MergeOrder.codePoints("ab", "abc")).isNegative();
        assertThat(MergeOrder.codePoints("\uFF21", "\uD83D\uDE00")).isNegative(); // U+FF21 < U+1F600, unlike UTF-16
        assertThat(MergeOrder.codePoints("same", "same")).isZero();
    }

    @Test
    void ids_compare_as_unsigned_bytes_as_postgresql_compares_uuids() {
        assertThat(LOW.compareTo(HIGH)).isPositive(); // what UUID.compareTo would get wrong
        assertThat(MergeOrder.compareIds(LOW, HIGH)).isNegative();
    }

    @Test
    void nulls_sort_last_ascending_and_descending_is_the_exact_reverse() {
        List<MergeOrder.Key> keys = new ArrayList<>(List.of(new MergeOrder.Key(null, LOW), new MergeOrder.Key("b", HIGH),
                new MergeOrder.Key("a", HIGH), new MergeOrder.Key("b", LOW), new MergeOrder.Key(null, HIGH)));
        keys.sort(byTitle.comparator());
        assertThat(keys).containsExactly(new MergeOrder.Key("a", HIGH), new MergeOrder.Key("b", LOW),
                new MergeOrder.Key("b", HIGH), new MergeOrder.Key(null, LOW), new MergeOrder.Key(null, HIGH));

        MergeOrder down = MergeOrder.of(new ListRequest.Sort("lower(title)", true, Type.STRING), "id");
        List<MergeOrder.Key> reversed = new ArrayList<>(keys);
        reversed.sort(down.comparator());
        assertThat(reversed).containsExactly(keys.get(4), keys.get(3), keys.get(2), keys.get(1), keys.get(0));
        assertThat(down.orderBy()).isEqualTo(" order by ((lower(title)) collate \"C\") is null desc,"
                + " (lower(title)) collate \"C\" desc, id desc");
    }

    @Test
    void a_cursor_holds_the_key_of_its_order_and_no_other() {
        MergeOrder byCreation = MergeOrder.of(null, "id");
        MergeOrder.Key created = new MergeOrder.Key(OffsetDateTime.parse("2026-01-02T03:04:05.123456Z"), HIGH);
        assertThat(byCreation.decode(byCreation.cursor(created))).isEqualTo(created);
        MergeOrder.Key untitled = new MergeOrder.Key(null, LOW);
        assertThat(byTitle.decode(byTitle.cursor(untitled))).isEqualTo(untitled);
        assertThat(byTitle.decode("")).isNull();

        assertInvalid(byTitle, byCreation.cursor(created)); // a cursor of another order
        assertInvalid(byTitle, "bm9wZQ");                     // "nope"
        assertInvalid(byTitle, "%%%");
        assertInvalid(byCreation, byCreation.cursor(new MergeOrder.Key(null, LOW))); // creation time is never null
    }

    static void assertInvalid(MergeOrder order, String cursor) {
        assertThatThrownBy(() -> order.decode(cursor))
                .isInstanceOfSatisfying(ScimError.class, e -> assertThat(e.scimType()).isEqualTo("invalidCursor"));
    }

    @Test
    void the_rows_after_a_key_include_the_nulls_where_they_sort() {
        assertThat(byTitle.after(new MergeOrder.Key("b", LOW)))
                .isEqualTo("(((lower(title)) collate \"C\") is null or ((lower(title)) collate \"C\", id) > (?, ?))");
        assertThat(byTitle.after(new MergeOrder.Key(null, LOW)))
                .isEqualTo("(((lower(title)) collate \"C\") is null and id > ?)");
        assertThat(MergeOrder.of(null, "id").after(new MergeOrder.Key(OffsetDateTime.now(), LOW)))
                .isEqualTo("(created_at, id) > (?, ?)"); // creation time is never null: the index serves it
        assertThat(byTitle.after(null)).isEqualTo("true");
    }
}

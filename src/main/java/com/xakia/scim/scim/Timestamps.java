package com.xakia.scim.scim;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * An RFC 3339 date-time that PostgreSQL can compare: java.time reads years up to ±999,999,999
 * ({@code +999999999-12-31T23:59:59Z}), which timestamptz refuses with an error at query time.
 * RFC 3339's date-fullyear has four digits, so years 1 to 9999 are what is accepted.
 */
public final class Timestamps {

    private Timestamps() {}

    /** @throws DateTimeParseException when the text is not such a date-time */
    public static OffsetDateTime parse(String text) {
        OffsetDateTime time = OffsetDateTime.parse(text);
        if (time.getYear() < 1 || time.getYear() > 9999) {
            throw new DateTimeParseException("year " + time.getYear() + " is outside 1 to 9999", text, 0);
        }
        return time;
    }
}

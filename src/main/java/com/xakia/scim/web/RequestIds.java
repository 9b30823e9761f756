package com.xakia.scim.web;

import java.util.regex.Pattern;

import org.apache.camel.Exchange;

/** The request id of an exchange: the caller's X-Request-Id when it is sane, else Camel's exchange id. */
public final class RequestIds {

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private RequestIds() {}

    public static String of(Exchange exchange) {
        String given = exchange.getMessage().getHeader("X-Request-Id", String.class);
        return given != null && SANE.matcher(given).matches() ? given : exchange.getExchangeId();
    }
}

package com.xakia.scim.web;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Sets an HTTP response on an exchange. The request's headers are dropped first: platform-http would
 * otherwise echo them (Authorization among them) back to the caller.
 */
public final class HttpReply {

    private HttpReply() {}

    public static void send(Exchange exchange, int status, String contentType, Object body, Map<String, String> headers) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (contentType != null) {
            message.setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        headers.forEach(message::setHeader);
        message.setBody(body);
    }
}

package com.xakia.scim.ops;

/** What the request log and metrics need of a SCIM request, captured before its headers are cleared. */
public record ScimRequest(String method, String path, String operation, String requestId, long startNanos) {

    public static final String PROPERTY = "xakia.scimRequest";

    /** The path with query parameter names but not their values, which can hold personal data (filters). */
    public static String withoutQueryValues(String uri) {
        if (uri == null) {
            return "";
        }
        int q = uri.indexOf('?');
        if (q < 0) {
            return uri;
        }
        StringBuilder out = new StringBuilder(uri.substring(0, q)).append('?');
        String[] parameters = uri.substring(q + 1).split("&");
        for (int i = 0; i < parameters.length; i++) {
            int eq = parameters[i].indexOf('=');
            out.append(i > 0 ? "&" : "").append(eq < 0 ? parameters[i] : parameters[i].substring(0, eq));
        }
        return out.toString();
    }
}

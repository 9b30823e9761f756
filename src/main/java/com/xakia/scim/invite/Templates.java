package com.xakia.scim.invite;

import java.io.StringWriter;
import java.util.Map;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;

/**
 * The Mustache templates on the classpath (mail/, invitations/). Mustache HTML-escapes every {{value}}, so a
 * name like {@code <script>} arrives as text; plain-text templates use {{{value}}} on purpose.
 */
final class Templates {

    private static final MustacheFactory FACTORY = new DefaultMustacheFactory(); // caches compiled templates

    private Templates() {}

    static String render(String template, Map<String, ?> model) {
        StringWriter out = new StringWriter();
        FACTORY.compile(template).execute(out, model);
        return out.toString();
    }
}

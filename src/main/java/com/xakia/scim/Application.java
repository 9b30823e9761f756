package com.xakia.scim;

import org.apache.camel.main.Main;

/** Starts xakia-scim: Camel Main with the routes in routes/ and the beans of {@link XakiaConfiguration}. */
public final class Application {

    private Application() {}

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(XakiaConfiguration.class);
        main.run(args);
    }
}

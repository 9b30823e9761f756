package com.xakia.scim;

import com.xakia.scim.embedded.EmbeddedServer.DataFolderRefused;
import org.apache.camel.main.Main;

/**
 * Starts xakia-scim: Camel Main with the routes in routes/ and the beans of {@link XakiaConfiguration}; or runs
 * one of the embedded database's commands ({@code backup DIR}, {@code restore DIR}).
 */
public final class Application {

    /** sysexits' EX_CONFIG: the operator has to change something before a restart can help. */
    static final int REFUSED = 78;

    private Application() {}

    public static void main(String[] args) throws Exception {
        if (DataCommands.handles(args)) {
            System.exit(DataCommands.run(args, System.out, System.err));
        }
        Main main = new Main();
        XakiaConfiguration.addTo(main);
        try {
            main.run(args);
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof DataFolderRefused refused) {
                    System.err.println("xakia-scim cannot start: " + refused.getMessage());
                    System.exit(REFUSED);
                }
            }
            throw e;
        }
    }
}

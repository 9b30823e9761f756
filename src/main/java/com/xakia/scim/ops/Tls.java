package com.xakia.scim.ops;

import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;

/**
 * HTTPS for the SCIM/admin port from a PKCS12 keystore. The HTTP server takes the context's global SSL
 * parameters (camel.server.use-global-ssl-context-parameters), so without a keystore it stays plain HTTP.
 */
public final class Tls {

    private Tls() {}

    public static SSLContextParameters from(OpsSettings settings) {
        KeyStoreParameters keyStore = new KeyStoreParameters();
        keyStore.setResource("file:" + settings.tlsKeystore());
        keyStore.setType("PKCS12");
        keyStore.setPassword(settings.tlsKeystorePassword());
        KeyManagersParameters keyManagers = new KeyManagersParameters();
        keyManagers.setKeyStore(keyStore);
        keyManagers.setKeyPassword(settings.tlsKeystorePassword());
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.getSecureSocketProtocol().add("TLSv1.3");
        protocols.getSecureSocketProtocol().add("TLSv1.2");
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setKeyManagers(keyManagers);
        ssl.setSecureSocketProtocols(protocols);
        return ssl;
    }
}

package dev.runbook.checks.tls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS context that accepts any certificate, for reading certificates as they are ({@code tls}) and for
 * {@code http} with {@code insecure: true}. Never used to judge trust. Thread-safe; the factory is built once.
 */
public final class InsecureTls {
    private static final X509TrustManager TRUST_ALL = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // accepts everything: reading only
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // accepts everything: reading only
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private static volatile SSLSocketFactory factory;

    /** Accepts any host name. */
    public static final HostnameVerifier ANY_HOST = (host, session) -> true;

    private InsecureTls() {
    }

    /** A socket factory that trusts every certificate. */
    public static SSLSocketFactory socketFactory() {
        SSLSocketFactory f = factory;
        if (f == null) {
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {TRUST_ALL}, new SecureRandom());
                f = ctx.getSocketFactory();
                factory = f;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no TLS implementation available: " + e.getMessage(), e);
            }
        }
        return f;
    }
}

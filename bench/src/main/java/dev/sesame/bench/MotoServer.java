package dev.sesame.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;

/** moto's server on a free loopback port, for the same requests as Sesame gets; stopped on close. */
record MotoServer(URI uri, Process process) implements AutoCloseable {

    /** moto takes any signature; its credentials only need to look like some. */
    static SigV4Signer signer(String region) {
        return new SigV4Signer("AKIDMOTOBENCH", "moto-bench-secret", region);
    }

    static MotoServer start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder("moto_server", "-p", String.valueOf(port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new MotoServer(URI.create("http://127.0.0.1:" + port), process);
    }

    @Override
    public void close() {
        process.destroy();
    }
}

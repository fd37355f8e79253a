package dev.rootkey.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * One HTTP/1.1 POST sent from a chosen local address: 127.0.0.2 plays another pod than the one at
 * 127.0.0.1 (the JDK 17 HttpClient cannot choose its source address).
 */
final class FromAddress {

  /** The status code and body of the answer. */
  record Answer(int statusCode, String body) {}

  private final InetAddress local;
  private final SSLContext tls;

  private FromAddress(InetAddress local, SSLContext tls) {
    this.local = local;
    this.tls = tls;
  }

  /** Plain HTTP from {@code local}. */
  static FromAddress plain(String local) throws IOException {
    return new FromAddress(InetAddress.getByName(local), null);
  }

  /** HTTPS from {@code local}, trusting what {@code tls} trusts. */
  static FromAddress tls(String local, SSLContext tls) throws IOException {
    return new FromAddress(InetAddress.getByName(local), tls);
  }

  Answer postJson(URI url, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = connect(url)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String head =
          "POST "
              + url.getRawPath()
              + " HTTP/1.1\r\nHost: "
              + url.getHost()
              + ":"
              + url.getPort()
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length
              + "\r\nConnection: close\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String response = readAll(socket.getInputStream());
      int status = Integer.parseInt(response.substring(9, 12));
      int blank = response.indexOf("\r\n\r\n");
      return new Answer(status, blank < 0 ? "" : response.substring(blank + 4));
    }
  }

  private Socket connect(URI url) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(local, 0));
    socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 10_000);
    if (tls == null) {
      return socket;
    }
    return tls.getSocketFactory().createSocket(socket, url.getHost(), url.getPort(), true);
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    return all.toString(StandardCharsets.UTF_8);
  }
}

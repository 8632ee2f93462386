package dev.ksim.image;

import org.jspecify.annotations.Nullable;

/**
 * What a client speaking HTTP to a listening socket gets: a response, or, from a server that does
 * not speak HTTP, the error curl reports.
 *
 * @param response the answer, or null
 * @param curlError curl's error line when there is no response, e.g. {@code curl: (52) Empty reply
 *     from server}; "" with a response
 */
public record ServerReply(@Nullable HttpResponse response, String curlError) {
  public static ServerReply of(HttpResponse response) {
    return new ServerReply(response, "");
  }

  public static ServerReply notHttp(String curlError) {
    return new ServerReply(null, curlError);
  }
}

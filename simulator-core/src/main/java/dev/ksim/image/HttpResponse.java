package dev.ksim.image;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * What a server process answers to an HTTP request: the status line, the headers and the body.
 *
 * @param status the status code, e.g. 200
 * @param reason the reason phrase, e.g. {@code OK}
 * @param headers the response's headers, in the order sent
 * @param body the body as text
 */
public record HttpResponse(int status, String reason, List<Header> headers, String body) {
  public HttpResponse {
    headers = ImmutableList.copyOf(headers);
  }

  /** {@code HTTP/1.1 200 OK}. */
  public String statusLine() {
    return "HTTP/1.1 " + status + " " + reason;
  }

  /** The reason phrase of {@code status} (RFC 9110 section 15), "" for codes it does not name. */
  public static String reasonPhrase(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 304 -> "Not Modified";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "";
    };
  }
}

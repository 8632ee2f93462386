package dev.ksim.image;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * How an image answers requests for one path, as the catalogue writes it: text with placeholders
 * (see {@link Template}) filled in per request.
 *
 * @param status the status code
 * @param headers the headers' names and value templates, in the order the server sends them
 * @param body the body template
 */
public record HttpAnswer(int status, List<Header> headers, String body) {
  public HttpAnswer {
    headers = ImmutableList.copyOf(headers);
  }
}

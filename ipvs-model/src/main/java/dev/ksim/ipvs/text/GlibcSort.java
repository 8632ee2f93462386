package dev.ksim.ipvs.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The merge sort of glibc's {@code qsort} ({@code msort_with_tmp}: halves of {@code n/2} and {@code
 * n - n/2}, the left element first unless the comparison is above 0). ipvsadm's comparisons
 * subtract 32-bit addresses into an int, which is not transitive; with the same algorithm and the
 * same input order, ksim lists in the order ipvsadm does.
 *
 * @see <a href="https://sourceware.org/git/?p=glibc.git;a=blob;f=stdlib/msort.c">stdlib/msort.c</a>
 */
final class GlibcSort {
  private GlibcSort() {}

  static <T> List<T> sort(List<T> items, Comparator<T> compare) {
    List<T> list = new ArrayList<>(items);
    msort(list, 0, list.size(), compare);
    return list;
  }

  private static <T> void msort(List<T> list, int from, int n, Comparator<T> compare) {
    if (n <= 1) {
      return;
    }
    int n1 = n / 2;
    int n2 = n - n1;
    msort(list, from, n1, compare);
    msort(list, from + n1, n2, compare);
    List<T> merged = new ArrayList<>(n);
    int i = from;
    int j = from + n1;
    while (n1 > 0 && n2 > 0) {
      if (compare.compare(list.get(i), list.get(j)) <= 0) {
        merged.add(list.get(i++));
        n1--;
      } else {
        merged.add(list.get(j++));
        n2--;
      }
    }
    while (n1-- > 0) {
      merged.add(list.get(i++));
    }
    while (n2-- > 0) {
      merged.add(list.get(j++));
    }
    for (int k = 0; k < merged.size(); k++) {
      list.set(from + k, merged.get(k));
    }
  }
}

package dev.ksim.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private static Route route(String prefix, String device) {
    return new Route(Cidr.parse(prefix), device, null);
  }

  @Test
  void routesComeMostSpecificFirstAndStayTheSameListUntilTheTableChanges() {
    RoutingTable table = new RoutingTable();
    table.replace(route("0.0.0.0/0", "eth0"));
    table.replace(route("10.244.1.0/24", "cni0"));

    List<Route> first = table.routes();
    List<Route> again = table.routes();
    table.replace(route("10.244.0.0/16", "flannel.1"));
    List<Route> changed = table.routes();

    assertThat(first).extracting(Route::device).containsExactly("cni0", "eth0");
    assertThat(again).isSameAs(first);
    assertThat(changed).extracting(Route::device).containsExactly("cni0", "flannel.1", "eth0");
    table.remove(Cidr.parse("10.244.1.0/24"));
    assertThat(table.routes()).extracting(Route::device).containsExactly("flannel.1", "eth0");
  }
}

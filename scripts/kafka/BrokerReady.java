import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Exits 0 once the broker at args[0] answers a metadata request (describe cluster, list topics),
 * 1 otherwise. scripts/kafka.sh uses it so "started" means "clients can talk to it", not just
 * "the port is open".
 */
public final class BrokerReady {
  public static void main(String[] args) {
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    try (Admin admin = Admin.create(config)) {
      int nodes = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
      admin.listTopics().names().get(10, TimeUnit.SECONDS);
      System.exit(nodes > 0 ? 0 : 1);
    } catch (Exception e) {
      System.err.println("broker not ready: " + e);
      System.exit(1);
    }
  }
}

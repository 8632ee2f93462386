package dev.ksim.scenario.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.view.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * redis-cli, mysql and mongosh in a pod, connecting through the data path to pods whose images are
 * redis, mysql and mongo, printing what the real clients print (redis-cli 7.2, mysql 8.0, mongosh
 * 2.3).
 */
@Timeout(120)
class DatabaseClientsTest {
  private static final String MANIFESTS =
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: redis, labels: {app: redis}}
      spec:
        containers: [{name: redis, image: redis:7.2.5}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: redis}
      spec:
        selector: {app: redis}
        ports: [{port: 6379}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: nobody}
      spec:
        selector: {app: nobody}
        ports: [{port: 6379}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web, labels: {app: web}}
      spec:
        containers: [{name: web, image: nginx}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        selector: {app: web}
        ports: [{port: 80}]
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: mysql}
      stringData: {password: s3cret}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: mysql, labels: {app: mysql}}
      spec:
        containers:
        - name: mysql
          image: mysql:8.0
          env:
          - name: MYSQL_ROOT_PASSWORD
            valueFrom: {secretKeyRef: {name: mysql, key: password}}
          - {name: MYSQL_DATABASE, value: shop}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: mysql}
      spec:
        selector: {app: mysql}
        ports: [{port: 3306}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: mongo, labels: {app: mongo}}
      spec:
        containers: [{name: mongo, image: mongo:5.0}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: mongo}
      spec:
        selector: {app: mongo}
        ports: [{port: 27017}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: client}
      spec:
        containers: [{name: client, image: redis:7.2.5}]
      """;

  private final Cluster cluster =
      Cluster.start(ManifestLoader.parse("db.yaml", MANIFESTS), ClusterOptions.DEFAULT);
  private final Shell shell = new Shell(cluster, cluster.datapath(Recording.NONE));

  private CommandResult sh(String line) {
    return shell.runLine("pod/default/client", line).output();
  }

  @Test
  void redisCliSetsAndGetsThroughTheService() {
    assertThat(sh("redis-cli -h redis set a dev").stdout()).isEqualTo("OK\n");

    assertThat(sh("redis-cli -h redis get a").stdout()).isEqualTo("\"dev\"\n");
    assertThat(sh("redis-cli -h redis get nothing").stdout()).isEqualTo("(nil)\n");
    assertThat(sh("redis-cli -h redis exists a nothing").stdout()).isEqualTo("(integer) 1\n");
    assertThat(sh("redis-cli -h redis.default.svc.cluster.local ping").stdout())
        .isEqualTo("PONG\n");
  }

  @Test
  void redisCliPrintsArraysNumberedAtATerminalAndBareIntoAPipe() {
    sh("redis-cli -h redis set a 1");
    sh("redis-cli -h redis set b 2");

    assertThat(sh("redis-cli -h redis keys '*'").stdout()).isEqualTo("1) \"a\"\n2) \"b\"\n");
    assertThat(sh("redis-cli -h redis keys '*' | head").stdout()).isEqualTo("a\nb\n");
    assertThat(sh("redis-cli -h redis --raw get a").stdout()).isEqualTo("1\n");
    assertThat(sh("redis-cli -h redis keys 'z*'").stdout()).isEqualTo("(empty array)\n");
  }

  @Test
  void redisCliShowsTheServersErrorsAsReplies() {
    CommandResult result = sh("redis-cli -h redis nosuch x");

    assertThat(result.stdout())
        .isEqualTo("(error) ERR unknown command 'nosuch', with args beginning with: 'x' \n");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void redisInfoReplicationReportsAMaster() {
    assertThat(sh("redis-cli -h redis info replication").stdout())
        .startsWith("# Replication\r\nrole:master\r\nconnected_slaves:0\r\n");
  }

  @Test
  void redisCliFailsAsTheRealClientDoes() {
    CommandResult refused = sh("redis-cli -h nobody get a");
    CommandResult unknown = sh("redis-cli -h nosuchhost get a");
    CommandResult http = sh("redis-cli -h web -p 80 get a");

    assertThat(refused.stderr())
        .isEqualTo("Could not connect to Redis at nobody:6379: Connection refused\n");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr())
        .isEqualTo("Could not connect to Redis at nosuchhost:6379: Name or service not known\n");
    assertThat(http.stderr()).isEqualTo("Error: Protocol error, got \"H\" as reply type byte\n");
  }

  @Test
  void eachRedisServerHoldsItsOwnDataAndLosesItWhenReplaced() {
    sh("redis-cli -h redis set a dev");
    assertThat(shell.runLine("pod/default/redis", "redis-cli get a").output().stdout())
        .isEqualTo("\"dev\"\n");
    assertThat(sh("redis-cli get a").stdout()).isEqualTo("(nil)\n");

    shell.runLine("", "kubectl delete pod redis");
    shell.runLine("", "kubectl run redis --image=redis:7.2.5 --labels=app=redis");

    assertThat(sh("redis-cli -h redis get a").stdout()).isEqualTo("(nil)\n");
  }

  @Test
  void kubectlExecWithoutATerminalPrintsBareValues() {
    sh("redis-cli -h redis set a dev");

    assertThat(
            shell.runLine("", "kubectl exec client -- redis-cli -h redis get a").output().stdout())
        .isEqualTo("dev\n");
    assertThat(
            shell
                .runLine("", "kubectl exec -it client -- redis-cli -h redis get a")
                .output()
                .stdout())
        .isEqualTo("\"dev\"\n");
  }

  @Test
  void mysqlShowsDatabasesInATableWithTheRootPasswordFromTheSecret() {
    CommandResult result = sh("mysql -h mysql -uroot -ps3cret -e \"SHOW DATABASES\"");

    assertThat(result.stdout())
        .isEqualTo(
            """
            +--------------------+
            | Database           |
            +--------------------+
            | information_schema |
            | mysql              |
            | performance_schema |
            | shop               |
            | sys                |
            +--------------------+
            """);
    assertThat(result.stderr())
        .isEqualTo(
            "mysql: [Warning] Using a password on the command line interface can be insecure.\n");
  }

  @Test
  void mysqlKeepsTablesAndPrintsBatchOutputIntoAPipe() {
    sh(
        "mysql -h mysql -uroot -ps3cret shop -e \"CREATE TABLE t (id INT, name VARCHAR(20));"
            + " INSERT INTO t VALUES (1, 'a'), (2, 'b')\"");

    assertThat(sh("mysql -h mysql -uroot -ps3cret -D shop -e 'SELECT * FROM t' | head").stdout())
        .isEqualTo("id\tname\n1\ta\n2\tb\n");
  }

  @Test
  void mysqlRefusesAWrongPasswordNamingTheClientAsTheServerSawIt() {
    CommandResult result = sh("mysql -h mysql -uroot -pwrong -e 'SHOW DATABASES'");

    assertThat(result.stderr())
        .matches(
            "(?s).*ERROR 1045 \\(28000\\): Access denied for user 'root'@'10\\.244\\.\\d+\\.\\d+'"
                + " \\(using password: YES\\)\n");
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void mysqlToAServiceWithoutEndpointsIsRefused() {
    shell.runLine("", "kubectl delete pod mysql");

    assertThat(sh("mysql -h mysql -uroot -ps3cret -e 'SHOW DATABASES'").stderr())
        .endsWith("ERROR 2003 (HY000): Can't connect to MySQL server on 'mysql:3306' (111)\n");
  }

  @Test
  void mongoshInsertsAndFinds() {
    String insert =
        sh("mongosh --host mongo --quiet --eval 'db.users.insertOne({name: \"ann\"})'").stdout();
    CommandResult find = sh("mongosh mongo/test --quiet --eval 'db.users.find({name: \"ann\"})'");

    assertThat(insert)
        .matches("\\{\n  acknowledged: true,\n  insertedId: ObjectId\\('[0-9a-f]{24}'\\)\n}\n");
    assertThat(find.stdout())
        .matches("\\[ \\{ _id: ObjectId\\('[0-9a-f]{24}'\\), name: 'ann' } ]\n");
    assertThat(sh("mongosh --host mongo --quiet --eval 'db.runCommand({ping: 1})'").stdout())
        .isEqualTo("{ ok: 1 }\n");
  }

  @Test
  void mongoshReportsARefusedConnectionAsTheNodeDriver() {
    CommandResult result = sh("mongosh --host nobody --port 6379 --eval 'db.getName()'");

    assertThat(result.stderr())
        .matches("MongoNetworkError: connect ECONNREFUSED 10\\.\\d+\\.\\d+\\.\\d+:6379\n");
  }
}

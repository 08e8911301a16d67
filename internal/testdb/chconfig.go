package testdb

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// chServer is one clickhouse-server process with its own ports and
// directory.
type chServer struct {
	tcp, http, inter int    // native protocol, HTTP and interserver ports
	dir              string // everything the server writes: data, tmp, logs, config
	proc             *proc
	conn             driver.Conn
}

// chConfig is a config.xml for clickhouse-server 18.16 and later: loopback
// only, every path inside dir, logs to files, UTC, small caches (the
// defaults reserve gigabytes), and the cluster "flowmap" made of the given
// native ports, one shard each.
func chConfig(s *chServer, cluster []int) string {
	p := func(name string) string { return html.EscapeString(filepath.Join(s.dir, name)) }
	var shards strings.Builder
	for _, port := range cluster {
		fmt.Fprintf(&shards, "\n      <shard><replica><host>127.0.0.1</host><port>%d</port></replica></shard>", port)
	}
	return fmt.Sprintf(`<?xml version="1.0"?>
<yandex>
  <logger>
    <level>information</level>
    <log>%s</log>
    <errorlog>%s</errorlog>
    <console>0</console>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <tcp_port>%d</tcp_port>
  <http_port>%d</http_port>
  <interserver_http_port>%d</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>%s/</path>
  <tmp_path>%s/</tmp_path>
  <user_files_path>%s/</user_files_path>
  <format_schema_path>%s/</format_schema_path>
  <users_config>%s</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <mlock_executable>false</mlock_executable>
  <remote_servers>
    <flowmap>%s
    </flowmap>
  </remote_servers>
</yandex>
`, p("server.log"), p("server.err.log"), s.tcp, s.http, s.inter,
		p("data"), p("tmp"), p("user_files"), p("format_schemas"), p("users.xml"), shards.String())
}

// chUsers is users.xml: the user default without password, from loopback
// only; inserts into a Distributed table are synchronous, so a load is
// on every shard when Load returns.
const chUsers = `<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
      <insert_distributed_sync>1</insert_distributed_sync>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default>
      <interval>
        <duration>3600</duration>
        <queries>0</queries>
        <errors>0</errors>
        <result_rows>0</result_rows>
        <read_rows>0</read_rows>
        <execution_time>0</execution_time>
      </interval>
    </default>
  </quotas>
</yandex>
`

// writeConfig writes config.xml and users.xml into s.dir and returns the
// config's path.
func (s *chServer) writeConfig(cluster []int) (string, error) {
	cfg := filepath.Join(s.dir, "config.xml")
	if err := os.WriteFile(cfg, []byte(chConfig(s, cluster)), 0o644); err != nil {
		return "", err
	}
	return cfg, os.WriteFile(filepath.Join(s.dir, "users.xml"), []byte(chUsers), 0o644)
}

#!/usr/bin/env bash
# Usage: run-node.sh 8|9 [launcher args...]   (build first: mvn -q compile; mvn -q -Pes9 compile with JDK 21+)
set -euo pipefail
cd "$(dirname "$0")"
major=$1; shift
case $major in
  8) ver=8.17.0; java=/usr/lib/jvm/java-17-openjdk-amd64/bin/java ;;
  9) ver=9.1.0; java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java ;;
  *) echo "8 or 9" >&2; exit 2 ;;
esac
cp="target-$ver/classes:$(cat target-$ver/classpath.txt)"
exec "$java" -Xms512m -Xmx512m ${ES_JAVA_EXTRA:-} -cp "$cp" dev.sessionreplay.esembed.EmbeddedElasticsearch "$@"

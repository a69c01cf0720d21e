"""Airflow DAG: the nightly incremental labelpanel build with the Apache Beam provider's Java operator.

Needs apache-airflow-providers-apache-beam on the Airflow workers, a JVM (Java 17) there, and the labelpanel jar
for the runner you use (here Flink: runners/flink/target/labelpanel-flink-<version>-all.jar). The operator runs
`java -cp JAR JOB_CLASS --runner=... --key=value ...`; dev.labelpanel.pipelines.cli.RunJob is `labelpanel run` as
a main class, so every `labelpanel run` option can go in pipeline_options (True gives a bare --flag).

The first build has no previous output: run it once by hand and point LATEST at it, e.g.
    labelpanel run --config /data/labelpanel/build.yaml --out /data/labelpanel/builds/initial
    ln -s builds/initial /data/labelpanel/latest
API keys: set the variables named in the config's api_key_env in the environment of the Flink TaskManagers (the
workers make the calls), not in the DAG.
"""
import pendulum
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.providers.apache.beam.operators.beam import BeamRunJavaPipelineOperator

ROOT = "/data/labelpanel"
JAR = "/opt/labelpanel/labelpanel-flink-0.1.0-SNAPSHOT-all.jar"

with DAG(
    dag_id="labelpanel_nightly",
    schedule="15 2 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,  # one build at a time: each reads the one before
) as dag:
    build = BeamRunJavaPipelineOperator(
        task_id="label_new_items",
        runner="FlinkRunner",
        jar=JAR,
        job_class="dev.labelpanel.pipelines.cli.RunJob",
        pipeline_options={
            "config": f"{ROOT}/build.yaml",
            "out": f"{ROOT}/builds/{{{{ ts_nodash }}}}",
            "previous": f"{ROOT}/latest",
            "flinkMaster": "flink-jobmanager:8081",
            "parallelism": "8",
            "sharedPaths": "true",  # ROOT is a mount every TaskManager has at the same path
            "quiet": True,
        },
    )
    # Only a successful build (exit 0: finished, counts add up) becomes the next night's --previous.
    promote = BashOperator(
        task_id="promote_latest",
        bash_command=f"ln -sfn builds/{{{{ ts_nodash }}}} {ROOT}/latest.next && mv -Tf {ROOT}/latest.next {ROOT}/latest",
    )
    build >> promote

import { createFileRoute } from "@tanstack/react-router";
import { stepRoute } from "../../lib/stepRoute";
import { ServiceStep } from "./-components/ServiceStep";

export const Route = createFileRoute("/book/service")(stepRoute("service", ServiceStep));

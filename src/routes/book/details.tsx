import { createFileRoute } from "@tanstack/react-router";
import { stepRoute } from "../../lib/stepRoute";
import { DetailsStep } from "./-components/DetailsStep";

export const Route = createFileRoute("/book/details")(stepRoute("details", DetailsStep));

import { createFileRoute } from "@tanstack/react-router";
import { stepRoute } from "../../lib/stepRoute";
import { ReviewStep } from "./-components/ReviewStep";

export const Route = createFileRoute("/book/review")(stepRoute("review", ReviewStep));

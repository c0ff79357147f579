/**
 * Grading as Flink operators: the intake checks of Solution records ({@link dev.vibe.operators.grade.SolutionChecks},
 * dead letters for malformed ones), the per-sample grader ({@link dev.vibe.operators.grade.SolutionGrader}: math and
 * code verdicts, UNGRADABLE with a reason) and its Async I/O adapter on a per-TaskManager pool of graders and
 * sandboxes ({@link dev.vibe.operators.grade.GraderPool}).
 */
package dev.vibe.operators.grade;

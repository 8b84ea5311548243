/**
 * Keeps coverage features of the operator the viewer chose (global state "operator": "any" or an
 * operator), so that one layer shows one operator or all of them combined.
 */
export const OPERATOR_STATE = "operator";
export const operatorFilter = ["any", ["==", ["global-state", OPERATOR_STATE], "any"], ["==", ["get", "operator"], ["global-state", OPERATOR_STATE]]];

/**
 * Not API: how the runtime tells observers, guarded so that an observer that throws never breaks a
 * call, and several observers told as one.
 */
package dev.majordomo.internal.observation;

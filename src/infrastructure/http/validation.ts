import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { validationFailed } from './api-error';

function describe(errors: readonly ValidationError[], parent = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) fields[field] = Object.values(error.constraints);
    Object.assign(fields, describe(error.children ?? [], field));
  }
  return fields;
}

/** class-validator on every body and query: unknown fields and wrong types are `validation_failed`. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const fields = describe(errors);
    const first = Object.entries(fields)[0];
    return validationFailed(first ? `${first[0]}: ${first[1][0] ?? 'is invalid'}` : 'The input is invalid.', {
      fields,
    });
  },
});

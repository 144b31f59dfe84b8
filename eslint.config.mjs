import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// The dependency rule of the house: arrows point inward only.
const frameworkAndIo = [
  '@nestjs/*',
  'pg',
  '@electric-sql/*',
  'kafkajs',
  '@eventstore/*',
  'node:*',
  'fs',
  'crypto',
  'pino',
  'jose',
  'pkijs',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'var/**', 'coverage/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/application/**', '**/infrastructure/**', '**/projections/**'],
              message: 'The domain knows nothing outside itself.',
            },
            { group: frameworkAndIo, message: 'The domain is pure: no framework, no I/O.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Time comes through the Clock port.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Time comes through the Clock port.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'Randomness comes through a port.',
        },
      ],
    },
  },
  {
    files: ['src/application/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/infrastructure/**', '**/projections/**'],
              message: 'The application knows the domain and its ports only.',
            },
            {
              group: ['pg', '@electric-sql/*', 'kafkajs', '@eventstore/*'],
              message: 'Adapters live in infrastructure.',
            },
          ],
        },
      ],
    },
  },
);

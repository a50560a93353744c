/** JSON Schema of a recipe spec file (`--config spec.json`). */
export const recipeSpecSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ohif-recipes recipe spec',
  type: 'object',
  additionalProperties: false,
  required: ['variant'],
  properties: {
    variant: { type: 'string' },
    publicUrl: { type: 'string' },
    pacsPath: { type: 'string' },
    httpPort: { type: 'integer', minimum: 1, maximum: 65535 },
    dicom: {
      type: 'object',
      additionalProperties: false,
      properties: {
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        expose: { enum: ['none', 'loopback', 'all'] },
        aeTitle: { type: 'string', pattern: '^[A-Z0-9_]{1,16}$' },
      },
    },
    maxUploadSize: { type: 'string', pattern: '^(0|[1-9][0-9]*[kKmMgG]?)$' },
    ohifVersion: { type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.]+)?$' },
    images: {
      type: 'object',
      additionalProperties: {
        type: 'string',
        pattern:
          '^[a-z0-9]+([._/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})(@sha256:[a-f0-9]{64})?$',
      },
    },
    auth: { enum: ['none', 'basic'] },
    tls: {
      oneOf: [
        { type: 'boolean' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['certificate', 'key'],
          properties: {
            certificate: { type: 'string', minLength: 1 },
            key: { type: 'string', minLength: 1 },
          },
        },
      ],
    },
    httpsPort: { type: 'integer', minimum: 1, maximum: 65535 },
  },
} as const;

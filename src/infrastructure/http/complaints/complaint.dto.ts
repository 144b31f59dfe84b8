import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const BODIES = ['service_provider', 'higher_body', 'quality_authority'] as const;
const FILING_BODIES = ['service_provider', 'quality_authority'] as const;
const REGISTERING_BODIES = ['quality_authority', 'higher_body'] as const;
const OUTCOMES = ['satisfied', 'partially_satisfied', 'rejected'] as const;
const STAGES = ['recorded', 'forwarded', 'registered', 'decided', 'appealed_to_court'] as const;
const INSTANT = 'ISO-8601 with an offset; default now; never in the future';

export class RecordComplaintDto {
  @ApiProperty({ example: '850315401211', description: "The citizen's IIN (12 digits)" })
  @IsString()
  @MaxLength(32)
  iin!: string;

  @ApiProperty({ enum: FILING_BODIES, description: 'Rules §10: the body the complaint was filed with' })
  @IsIn(FILING_BODIES)
  filedWith!: (typeof FILING_BODIES)[number];

  @ApiPropertyOptional({
    description:
      'Reviewers only: the receipt of a paper complaint, D0, ISO-8601 with an offset, from 1 January of ' +
      "the previous year and never in the future. Absent: now (a channel's complaint is always registered when received).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  registeredAt?: string;

  @ApiPropertyOptional({
    description: "The number request the complaint is about: one of this IIN's (a channel's: its own)",
  })
  @IsOptional()
  @IsUUID()
  requestId?: string;

  @ApiProperty({ example: 'No one-time password arrived' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  subject!: string;

  @ApiProperty({ description: "The complaint's text" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  text!: string;
}

export class ForwardingDto {
  @ApiProperty({ enum: BODIES, description: 'The body considering the complaint' })
  @IsIn(BODIES)
  to!: (typeof BODIES)[number];

  @ApiPropertyOptional({ description: INSTANT })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  forwardedAt?: string;
}

export class DecisionDto {
  @ApiProperty({ enum: BODIES, description: 'The body that decided' })
  @IsIn(BODIES)
  by!: (typeof BODIES)[number];

  @ApiProperty({ enum: OUTCOMES })
  @IsIn(OUTCOMES)
  outcome!: (typeof OUTCOMES)[number];

  @ApiPropertyOptional({ description: INSTANT })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  decidedAt?: string;

  @ApiProperty({ description: "The decision's reasons" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  reason!: string;
}

export class RegistrationDto {
  @ApiProperty({ enum: REGISTERING_BODIES, description: 'The body that registered the complaint' })
  @IsIn(REGISTERING_BODIES)
  body!: (typeof REGISTERING_BODIES)[number];

  @ApiPropertyOptional({ description: INSTANT })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  registeredAt?: string;
}

export class CourtAppealDto {
  @ApiPropertyOptional({ description: INSTANT })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  appealedAt?: string;
}

export class ComplaintListQueryDto {
  @ApiPropertyOptional({ enum: STAGES, description: "The complaint's stage" })
  @IsOptional()
  @IsIn(STAGES)
  status?: (typeof STAGES)[number];

  @ApiPropertyOptional({ enum: ['pending', 'met', 'missed'], description: 'Has a deadline in this status' })
  @IsOptional()
  @IsIn(['pending', 'met', 'missed'])
  deadline?: 'pending' | 'met' | 'missed';

  @ApiPropertyOptional({ example: '2026-03-31', description: 'Has such a deadline due before this date' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueBefore must be a date YYYY-MM-DD' })
  dueBefore?: string;

  @ApiPropertyOptional({ enum: BODIES, description: 'The body the complaint is with now' })
  @IsOptional()
  @IsIn(BODIES)
  body?: (typeof BODIES)[number];

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ example: '50', description: '1 to 200, default 50' })
  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'limit must be a whole number from 1 to 200' })
  limit?: string;
}

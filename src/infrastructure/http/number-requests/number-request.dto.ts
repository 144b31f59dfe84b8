import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Equals,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { LANGUAGES, type Language } from '../../../domain/shared/language';

export class ConsentDto {
  @ApiProperty({ description: 'Annex 9.2: consent to access limited-access personal data' })
  @IsBoolean()
  given!: boolean;

  @ApiProperty({
    example: 'consent-2024-03',
    description: 'The version of the consent text shown to the citizen',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  textVersion!: string;
}

/** What opens a request for a citizen's number: a channel's create request and a bank's check alike. */
export class CitizenNumberDto {
  @ApiProperty({ example: '850315401211', description: "The citizen's IIN (12 digits)" })
  @IsString()
  @MaxLength(32)
  iin!: string;

  @ApiProperty({
    example: '+7 701 123 45 67',
    description: 'A Kazakhstan mobile number, any usual spelling (for a bank: the number it holds)',
  })
  @IsString()
  @MaxLength(32)
  phone!: string;

  @ApiPropertyOptional({ type: ConsentDto, description: 'Annex 9.2; absent counts as not given' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent?: ConsentDto;

  @ApiPropertyOptional({
    enum: LANGUAGES,
    description:
      "SPEC §9: the citizen's language for the SMS (and its resends); default NUMLINK_DEFAULT_LANGUAGE",
  })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;
}

export class CreateNumberRequestDto extends CitizenNumberDto {
  @ApiProperty({ enum: ['connect', 'change'] })
  @IsIn(['connect', 'change'])
  purpose!: 'connect' | 'change';
}

/** Rules §7: the number the bank holds for the citizen, with the citizen's consent. */
export class BankCheckDto extends CitizenNumberDto {}

export class ConfirmationDto {
  @ApiProperty({ example: '123456', description: 'The one-time password from the SMS' })
  @IsString()
  @MaxLength(16)
  otp!: string;

  @ApiPropertyOptional({ description: 'CMS SignedData over the decoded dataToSign, DER, base64' })
  @IsOptional()
  @IsString()
  @MaxLength(32_768)
  signature?: string;

  @ApiPropertyOptional({ description: "The biometric provider's compact JWS" })
  @IsOptional()
  @IsString()
  @MaxLength(8_192)
  biometricToken?: string;
}

/** A resend takes an empty object. */
export class ResendDto {
  @IsOptional()
  @Equals(undefined)
  none?: undefined;
}

import { Controller, Get } from '@nestjs/common';
import { Query } from '../../common/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators';
import { PublishableKey, RequirePublishableKey } from '../../common/auth/publishable-key.guard';
import { ErrorResponses } from '../../common/swagger';
import { listBody } from '../../common/pagination';
import type { PublishableKeyContext } from '../../common/auth/ports';
import { ListProductsQuery, ProductList } from './dto/product.dto';
import { ProductsService } from './products.service';

@ApiTags('Store products')
@Controller('store/products')
@Public()
@RequirePublishableKey()
export class StoreProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @ApiOperation({
    summary: "Published products in the publishable key's sales channels",
    description:
      'Needs `x-publishable-api-key: pk_…`. A missing, unknown, revoked or secret key answers 400 `not_allowed`, as Medusa does.',
  })
  @ApiOkResponse({ type: ProductList })
  @ErrorResponses(400)
  async list(
    @PublishableKey() key: PublishableKeyContext,
    @Query() query: ListProductsQuery,
  ): Promise<ProductList> {
    return listBody('products', await this.products.listForStore(key, query));
  }
}
